import { describe, expect, it } from 'vitest';
import { checkTrainOptions } from '../../../src/assistant/check-options.ts';
import { trainAssistant } from '../../../src/assistant/index.ts';
import { SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';

const invalid = expect.objectContaining({ code: 'INVALID_OPTION' });

describe('trainAssistant options', () => {
  it('drops undefined values, so they keep their defaults instead of replacing them', () => {
    const options = checkTrainOptions({ learningRate: undefined, epochs: 3, features: { dim: undefined, wordWeight: 1 } });
    expect(options).toEqual({ epochs: 3, features: { wordWeight: 1 } });
    expect(checkTrainOptions(undefined)).toEqual({});
  });

  it.each([
    [{ learningRate: Number.NaN }, /learningRate/],
    [{ learningRate: 0 }, /learningRate/],
    [{ epochs: 2.5 }, /epochs must be an integer/],
    [{ batchSize: 0 }, /batchSize/],
    [{ weightDecay: -1 }, /weightDecay/],
    [{ holdout: 1 }, /holdout/],
    [{ threshold: Infinity }, /threshold/],
    [{ encoderWeight: '2' }, /encoderWeight/],
    [{ features: { dim: 1000 } }, /power of two/],
    [{ features: { charMax: 0 } }, /features\.charMax/],
    [{ features: [] }, /features/],
    [{ validation: 'x' }, /validation/],
    [{ encoder: 'https://shop.example/use/' }, /encoder must be \{ url \}/],
    [{ onProgress: 1 }, /onProgress/],
    [{ signal: {} }, /signal/],
    [[], /options must be an object/],
  ])('rejects %o with INVALID_OPTION', (options, message) => {
    expect(() => checkTrainOptions(options as never)).toThrow(invalid);
    expect(() => checkTrainOptions(options as never)).toThrow(message);
  });

  it('trainAssistant rejects a NaN learning rate before training (it used to answer NaN)', async () => {
    await expect(trainAssistant(SHOP_FAQ, { learningRate: Number.NaN })).rejects.toThrow(invalid);
  });
});
