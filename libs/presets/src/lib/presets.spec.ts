import { presets } from './presets';

describe('presets', () => {
  it('should work', () => {
    expect(presets()).toEqual('presets');
  });
});
