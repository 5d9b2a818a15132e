import { jsonListElements, JsonListError } from '../../../src/import/jsonList';

/** The text in chunks of `size` bytes, as a stream would deliver it. */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(text: string, size = 7, maxElementBytes?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of jsonListElements(chunks(text, size), { maxElementBytes })) out.push(x);
  return out;
}

describe('reading a JSON list one element at a time', () => {
  const list = [
    { id: 'U1', name: 'a "quoted" ] name }', tags: ['x', { deep: [1, 2] }] },
    'text, with [brackets]',
    42,
    -1.5e3,
    true,
    null,
    [],
    {},
  ];
  const text = `\uFEFF  ${JSON.stringify(list, null, 1)}\n`;

  it('gives the same elements as JSON.parse, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 5, 64, 100_000]) expect(await read(text, size)).toEqual(list);
  });

  it('reads an empty list and a list of scalars', async () => {
    expect(await read('[]')).toEqual([]);
    expect(await read('[1,2 , 3]', 1)).toEqual([1, 2, 3]);
  });

  it('says what the file holds when it is not a list', async () => {
    await expect(read('{"users": []}')).rejects.toThrow('expected a list ([…]) but the file holds an object ({…})');
    await expect(read('')).rejects.toThrow('the file is empty');
    await expect(read('"x"')).rejects.toThrow(/holds a string/);
  });

  it('locates broken JSON and keeps the elements before it', async () => {
    const got: unknown[] = [];
    const reading = (async () => {
      for await (const x of jsonListElements(chunks('[{"a":1},{"b":2},{c:3}]', 4))) got.push(x);
    })();
    await expect(reading).rejects.toThrow(/broken JSON in element 3/);
    expect(got).toEqual([{ a: 1 }, { b: 2 }]);
    await expect(read('[1,2')).rejects.toThrow(/ends at byte 4 before its list is closed/);
    await expect(read('[1,]')).rejects.toThrow(/byte 3: a comma before "\]"/);
    await expect(read('[1] x')).rejects.toThrow(/byte 4: text after the end of the list/);
    await expect(read('[1 2]')).rejects.toThrow(JsonListError);
  });

  it('refuses an element larger than the limit instead of holding it', async () => {
    await expect(read(`[1, "${'x'.repeat(5000)}"]`, 100, 1000)).rejects.toThrow(/element 2 is larger than/);
  });
});
