/** The customer-service assistant: public surface of src/assistant. */
export { trainAssistant, loadAssistant } from './assistant.ts';
export type { Assistant, AssistantAnswer, AssistantInfo, AnswerCandidate, AnswerReason, LoadAssistantOptions } from './assistant.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export { OUT_OF_SCOPE } from './content.ts';
export type { AssistantContent, AssistantLanguage, FaqEntry, IntentDefinition, LocalizedText } from './content.ts';
export { extractEntities } from './entities.ts';
export type { Entity, EntityType } from './entities.ts';
export { DEFAULT_FEATURES } from './features.ts';
export type { FeatureConfig } from './features.ts';
export type { LabelledText, TrainAssistantOptions, TrainProgress } from './train.ts';
export { SHOP_FAQ } from './shop-faq.ts';
