/** The cli tier spawns the built binary: build dist/ first when src/ is newer (once per run). */
import { ensureCliBuilt } from '../../tools/harness/cli.mjs';

export default async function setup(): Promise<void> {
  await ensureCliBuilt();
}
