/**
 * Reads a JSON file whose top level is a list (`[ … ]`) one element at a time from a stream, so
 * memory holds one element, not the file: a Slack export's users.json, channels.json and day files
 * can be gigabytes. A small scanner finds where each element ends (tracking brackets and strings);
 * each element's text then goes through JSON.parse. Anything else at the top level (an object, a
 * number) or broken JSON is a JsonListError saying what and where (byte offset, element number).
 */

export class JsonListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonListError';
  }
}

export interface JsonListOptions {
  /** largest single element in bytes (default 64 MiB): one element is held whole in memory */
  maxElementBytes?: number;
}

const MiB = 1024 * 1024;
/** byte → 1 for JSON whitespace, 2 for a byte that changes nesting or starts a string */
const KIND = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0d]) KIND[b] = 1;
for (const b of [0x22, 0x5b, 0x5d, 0x7b, 0x7d]) KIND[b] = 2;
const isWs = (b: number) => KIND[b] === 1;
const [OPEN_LIST, CLOSE_LIST, OPEN_OBJ, CLOSE_OBJ] = [0x5b, 0x5d, 0x7b, 0x7d];
const [QUOTE, BACKSLASH, COMMA] = [0x22, 0x5c, 0x2c];

enum State {
  Start,
  BeforeElement,
  InElement,
  AfterElement,
  End,
}

const describeTop = (byte: number) => {
  if (byte === OPEN_OBJ) return 'an object ({…})';
  return byte === QUOTE ? 'a string' : `text starting with ${JSON.stringify(String.fromCharCode(byte))}`;
};

/**
 * The elements of the JSON list in `source`, parsed, in order. Throws a JsonListError when the top
 * level is not a list or the JSON is broken; the elements before the fault have been yielded.
 */
export async function* jsonListElements(
  source: AsyncIterable<Buffer | string>,
  options: JsonListOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const maxBytes = options.maxElementBytes ?? 64 * MiB;
  let state = State.Start;
  let offset = 0; // bytes consumed before the current chunk
  let index = 0; // number of the element being read (0-based)
  let afterComma = false;
  // element being read
  let parts: Buffer[] = [];
  let partBytes = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let bom = 0;

  const fail = (what: string, at: number): never => {
    throw new JsonListError(`broken JSON at byte ${at}: ${what}`);
  };
  const finish = (): unknown => {
    const text = Buffer.concat(parts, partBytes).toString('utf8');
    parts = [];
    partBytes = 0;
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new JsonListError(`broken JSON in element ${index + 1}: ${(err as Error).message}`);
    }
  };

  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let i = 0;
    // start in this chunk of the element's bytes not yet copied to parts
    let start = state === State.InElement ? 0 : -1;
    const n = chunk.length;
    while (i < n) {
      const b = chunk[i];
      switch (state) {
        case State.End:
          while (i < n && isWs(chunk[i])) i++;
          if (i < n) fail('text after the end of the list', offset + i);
          break;
        case State.Start:
          if (offset + i === bom && b === [0xef, 0xbb, 0xbf][bom]) {
            bom++;
            i++;
            break;
          }
          if (isWs(b)) {
            while (i < n && isWs(chunk[i])) i++;
          } else if (b === OPEN_LIST) {
            state = State.BeforeElement;
            i++;
          } else throw new JsonListError(`expected a list ([…]) but the file holds ${describeTop(b)}`);
          break;
        case State.BeforeElement:
          if (isWs(b)) i++;
          else if (b === CLOSE_LIST) {
            if (afterComma) fail('a comma before "]"', offset + i);
            state = State.End;
            i++;
          } else if (b === COMMA || b === CLOSE_OBJ) fail(`unexpected ${String.fromCharCode(b)}`, offset + i);
          else {
            state = State.InElement;
            start = i;
            depth = b === OPEN_OBJ || b === OPEN_LIST ? 1 : 0;
            inString = b === QUOTE;
            scalar = depth === 0 && !inString;
            escaped = false;
            afterComma = false;
            i++;
          }
          break;
        case State.InElement: {
          if (inString) {
            // jump to the next quote or backslash
            while (i < n && chunk[i] !== QUOTE && chunk[i] !== BACKSLASH && !escaped) i++;
            if (i >= n) break;
            const c = chunk[i];
            i++;
            if (escaped) escaped = false;
            else if (c === BACKSLASH) escaped = true;
            else {
              inString = false;
              if (depth === 0) {
                parts.push(chunk.subarray(start, i));
                partBytes += i - start;
                start = -1;
                state = State.AfterElement;
                yield finish();
                index++;
              }
            }
            break;
          }
          if (scalar) {
            if (b === COMMA || b === CLOSE_LIST || isWs(b)) {
              parts.push(chunk.subarray(start, i));
              partBytes += i - start;
              start = -1;
              state = State.AfterElement;
              scalar = false;
              yield finish();
              index++;
            } else if (b === OPEN_LIST || b === OPEN_OBJ || b === CLOSE_OBJ || b === QUOTE) {
              fail(`unexpected ${String.fromCharCode(b)} in element ${index + 1}`, offset + i);
            } else i++;
            break;
          }
          if (KIND[b] !== 2) {
            // skip to the next quote or bracket
            i++;
            while (i < n && KIND[chunk[i]] !== 2) i++;
            break;
          }
          if (b === QUOTE) inString = true;
          else if (b === OPEN_OBJ || b === OPEN_LIST) depth++;
          else if (b === CLOSE_OBJ || b === CLOSE_LIST) depth--;
          i++;
          if (depth === 0) {
            parts.push(chunk.subarray(start, i));
            partBytes += i - start;
            start = -1;
            state = State.AfterElement;
            yield finish();
            index++;
          }
          break;
        }
        case State.AfterElement:
          if (isWs(b)) i++;
          else if (b === COMMA) {
            state = State.BeforeElement;
            afterComma = true;
            i++;
          } else if (b === CLOSE_LIST) {
            state = State.End;
            i++;
          } else fail(`expected "," or "]" after element ${index}`, offset + i);
          break;
      }
      if (state === State.InElement && partBytes + (start >= 0 ? i - start : 0) > maxBytes) {
        throw new JsonListError(`element ${index + 1} is larger than ${Math.round(maxBytes / MiB)} MiB`);
      }
    }
    if (state === State.InElement && start >= 0) {
      // keep a copy: the stream may reuse its buffer
      parts.push(Buffer.from(chunk.subarray(start, n)));
      partBytes += n - start;
    }
    offset += n;
  }
  if (state === State.InElement && scalar) {
    yield finish();
    state = State.AfterElement;
  }
  if (state === State.Start) {
    throw new JsonListError(offset ? 'expected a list ([…]) but the file holds only spaces' : 'the file is empty');
  }
  if ((state as State) !== State.End) {
    throw new JsonListError(`the file ends at byte ${offset} before its list is closed (cut short?)`);
  }
}
