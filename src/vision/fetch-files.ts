/** Moved to the shared model-file layer (src/core/files/); kept so existing imports keep working. */
export { fetchVerified, sha256Hex, verifyFile, type FetchProgress } from '../core/files/index.ts';
