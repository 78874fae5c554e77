/**
 * The commands of `storefront-ml`, in the order `--help` lists them. One file per command exports a Command;
 * add yours here (one line each, so parallel branches merge cleanly).
 */
import type { Command } from '../command.ts';
import { modelsPullCommand } from './models-pull.ts';
import { trainAssistantCommand } from './train-assistant.ts';
import { trainRecommendCommand } from './train-recommend.ts';

export const commands: Command[] = [
  trainRecommendCommand,
  trainAssistantCommand,
  modelsPullCommand,
];
