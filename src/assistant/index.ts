/** The customer-service assistant: the public surface of src/assistant (`storefront-ml/assistant`). */
export { trainAssistant, loadAssistant } from './assistant.ts';
export type { Assistant, AssistantAnswer, AssistantFiles, AssistantMetadata, AnswerCandidate, AnswerReason, LoadAssistantOptions } from './assistant.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export { OUT_OF_SCOPE } from './content.ts';
export type { AssistantContent, AssistantLanguage, FaqEntry, IntentDefinition, LocalizedText } from './content.ts';
export { extractEntities } from './entities.ts';
export type { Entity, EntityType } from './entities.ts';
export { DEFAULT_FEATURES } from './features.ts';
export type { FeatureConfig } from './features.ts';
export type { AssistantTrainProgress, LabelledText, TrainAssistantOptions } from './train.ts';
export type { AssistantFamiliarity } from './familiarity.ts';
export type { AssistantEncoderOptions } from './encoder/sentence-encoder.ts';
/** Sample content for a small shop: a starting point to edit, and the assistant's test and benchmark data. */
export { SHOP_FAQ } from './shop-faq.ts';
