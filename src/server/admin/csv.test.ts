import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv";

describe("csvField", () => {
  it("quotes every field, numbers included", () => {
    expect(csvField("Sam Student")).toBe('"Sam Student"');
    expect(csvField(450)).toBe('"450"');
    expect(csvField(-90)).toBe('"-90"');
    expect(csvField(0)).toBe('"0"');
  });

  it("keeps commas, quotes, line breaks and spaces inside the quotes, doubling inner quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('she said "hi"')).toBe('"she said ""hi"""');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvField('"')).toBe('""""');
    expect(csvField(" padded ")).toBe('" padded "');
  });

  it("writes empty fields for null and undefined, ISO UTC for dates, words for booleans", () => {
    expect(csvField(null)).toBe('""');
    expect(csvField(undefined)).toBe('""');
    expect(csvField(new Date("2026-11-26T23:00:00Z"))).toBe('"2026-11-26T23:00:00.000Z"');
    expect(csvField(true)).toBe('"true"');
    expect(csvField(Number.NaN)).toBe('""');
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe('"\'+1"');
    expect(csvField("-1")).toBe('"\'-1"');
    expect(csvField("@SUM(A1)")).toBe('"\'@SUM(A1)"');
    expect(csvField("\t=1")).toBe('"\'\t=1"');
    expect(csvField("\r=1")).toBe('"\'\r=1"');
    expect(csvField("  =1+2")).toBe('"\'  =1+2"');
    expect(csvField(-1)).toBe('"-1"');
  });

  it("keeps `Eve;=1+2` one quoted field, so a ';'-separated locale cannot split off a formula", () => {
    expect(csvField("Eve;=1+2")).toBe('"Eve;=1+2"');
    // read with ';' as the separator, honouring quotes as spreadsheets do: one field, the text itself
    expect(parseRfc4180(csvRow(["Eve;=1+2"]), ";")).toEqual(["Eve;=1+2"]);
  });
});

describe("csvRow", () => {
  it("joins with commas and ends with CRLF", () => {
    expect(csvRow(["lesson", 450, null, "a,b"])).toBe('"lesson","450","","a,b"\r\n');
  });

  it("round-trips through a strict RFC 4180 reader", () => {
    const values = ['x "y"', "a,b", "multi\nline", "plain", ""];
    const line = csvRow(values);
    expect(parseRfc4180(line)).toEqual(values);
  });
});

/** A minimal RFC 4180 reader for one record, to check the writer against. */
function parseRfc4180(line: string, separator = ","): string[] {
  const out: string[] = [];
  let i = 0;
  let field = "";
  let quoted = false;
  while (i < line.length) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === separator) {
      out.push(field);
      field = "";
    } else if (c === "\r" && line[i + 1] === "\n") {
      out.push(field);
      return out;
    } else field += c;
    i += 1;
  }
  out.push(field);
  return out;
}
