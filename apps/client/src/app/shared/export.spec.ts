import { TestBed } from '@angular/core/testing';
import { FileDownloader, csvField, exportFileName, toCsv } from './export';

describe('csvField', () => {
  it('escapes text a spreadsheet would run as a formula', () => {
    expect(csvField("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
  });

  it('escapes a formula behind blanks or invisible characters, and the fullwidth operators', () => {
    expect(csvField(' =1+1')).toBe("' =1+1");
    expect(csvField('   @SUM(A1)')).toBe("'   @SUM(A1)");
    expect(csvField('\u00A0=1')).toBe("'\u00A0=1"); // NBSP
    expect(csvField('\uFEFF=1')).toBe("'\uFEFF=1"); // BOM
    expect(csvField('\u200B+1')).toBe("'\u200B+1"); // zero-width space
    expect(csvField('\u2060\u200D-1')).toBe("'\u2060\u200D-1"); // word joiner, zero-width joiner
    expect(csvField('\u3000=1')).toBe("'\u3000=1"); // ideographic space
    expect(csvField('\uFF1DSUM(A1)')).toBe("'\uFF1DSUM(A1)"); // fullwidth =
    expect(csvField('\uFF0B1')).toBe("'\uFF0B1");
    expect(csvField('\uFF0D1')).toBe("'\uFF0D1");
    expect(csvField('\uFF20A1')).toBe("'\uFF20A1");
    expect(csvField(' \uFF1D1')).toBe("' \uFF1D1");
    // A blank line break before the formula: escaped, then quoted for the newline.
    expect(csvField('\n=1')).toBe('"\'\n=1"');
  });

  it('leaves text alone when its first visible character is not a formula start', () => {
    expect(csvField(' plain')).toBe(' plain');
    expect(csvField('\u00A0x=1')).toBe('\u00A0x=1');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('Llama 3.1 8B (q4_k_m)')).toBe('Llama 3.1 8B (q4_k_m)');
    expect(csvField('')).toBe('');
    expect(csvField('   ')).toBe('   ');
  });

  it('escapes first, then quotes, so an escaped formula with a comma stays one field', () => {
    expect(csvField('=HYPERLINK("http://x",1)')).toBe('"\'=HYPERLINK(""http://x"",1)"');
  });

  it('quotes per RFC 4180: quotes doubled, commas and newlines inside quotes', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain text')).toBe('plain text');
  });

  it('writes numbers and booleans as they are, and empty for missing values', () => {
    expect(csvField(-3.2e9)).toBe('-3200000000');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes the header and one CRLF-terminated line per row', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x,y'],
          ['=1', null],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n\'=1,\r\n');
  });
});

describe('exportFileName', () => {
  it('stamps the name with a file-system-safe UTC time', () => {
    expect(exportFileName('runs', 'csv', new Date('2026-01-31T12:34:56.789Z'))).toBe('runs-2026-01-31T12-34-56.csv');
  });
});

/** jsdom's Blob has no text(); FileReader reads it. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

describe('FileDownloader', () => {
  const created: Blob[] = [];
  let clicked: HTMLAnchorElement[];

  beforeEach(() => {
    created.length = 0;
    clicked = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return 'blob:test/1';
      },
      revokeObjectURL: jest.fn(),
    });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('saves through an object URL and a temporary download link', async () => {
    const downloader = TestBed.inject(FileDownloader);
    downloader.saveCsv('runs.csv', 'a,b\r\n');
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('runs.csv');
    expect(clicked[0].href).toBe('blob:test/1');
    expect(clicked[0].isConnected).toBe(false);
    expect(created[0].type).toBe('text/csv;charset=utf-8');
    expect(await readBlob(created[0])).toBe('a,b\r\n');
    await new Promise((resolve) => setTimeout(resolve));
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:test/1');
  });

  it('saves JSON pretty-printed', async () => {
    TestBed.inject(FileDownloader).saveJson('x.json', { a: 1 });
    expect(created[0].type).toBe('application/json');
    expect(JSON.parse(await readBlob(created[0]))).toEqual({ a: 1 });
  });
});
