import { TestBed } from '@angular/core/testing';
import { ByteUnits, formatBinaryBytes } from './byte-units';
import { formatBytes } from './format.pipes';

describe('formatBinaryBytes', () => {
  it('writes powers of two in binary prefixes, three significant digits', () => {
    expect(formatBinaryBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBinaryBytes(80 * 2 ** 30)).toBe('80 GiB');
    expect(formatBinaryBytes(80e9)).toBe('74.5 GiB'); // an "80 GB" card in nvidia-smi's unit
    expect(formatBinaryBytes(16.06e9)).toBe('15 GiB');
    expect(formatBinaryBytes(1.5 * 2 ** 20)).toBe('1.5 MiB');
    expect(formatBinaryBytes(2 ** 10)).toBe('1 KiB');
    expect(formatBinaryBytes(3 * 2 ** 40)).toBe('3 TiB');
  });

  it('keeps bytes below 1 KiB as bytes and moves up a prefix only when the figure rounds to 1 or more', () => {
    expect(formatBinaryBytes(512)).toBe('512 B');
    expect(formatBinaryBytes(0)).toBe('0 B');
    expect(formatBinaryBytes(2 ** 30 - 1)).toBe('1 GiB'); // 0.99999... GiB rounds to 1
    expect(formatBinaryBytes(1000 * 2 ** 20)).toBe('1,000 MiB');
  });

  it('signs a negative amount (a shortfall) with a minus sign', () => {
    expect(formatBinaryBytes(-2 * 2 ** 30)).toBe('−2 GiB');
  });

  it('hands missing and non-finite values to the decimal formatter', () => {
    expect(formatBinaryBytes(null)).toBe(formatBytes(null));
    expect(formatBinaryBytes(undefined)).toBe(formatBytes(undefined));
    expect(formatBinaryBytes(Number.NaN)).toBe(formatBytes(Number.NaN));
  });
});

describe('ByteUnits', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  const fresh = () => {
    TestBed.resetTestingModule();
    return TestBed.inject(ByteUnits);
  };

  it('starts in decimal GB and formats as the rest of the client does', () => {
    const units = fresh();
    expect(units.unit()).toBe('GB');
    expect(units.format(80e9)).toBe(formatBytes(80e9));
  });

  it('switches to GiB, and a later page in this browser starts in GiB', () => {
    const units = fresh();
    units.set('GiB');
    expect(units.unit()).toBe('GiB');
    expect(units.format(2 ** 30)).toBe('1 GiB');
    expect(fresh().unit()).toBe('GiB');
    fresh().set('GB');
    expect(fresh().unit()).toBe('GB');
  });

  it('ignores an unknown stored value', () => {
    localStorage.setItem('llm-calc.byte-unit', 'PiB');
    expect(fresh().unit()).toBe('GB');
  });

  it('still switches when storage is unavailable (private mode)', () => {
    jest.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });
    const units = fresh();
    expect(units.unit()).toBe('GB');
    units.set('GiB');
    expect(units.format(2 ** 31)).toBe('2 GiB');
  });
});
