/**
 * Numbers ids (0, 1, 2… in the order first seen), keyed by their UTF-8 bytes, so a large file's
 * ids can be looked up straight from the bytes read, with no string made for an id already
 * numbered. An open-addressing hash table (FNV-1a, linear probing) over one byte arena; each id's
 * string is made once, when it is first seen.
 */
export class IdTable {
  /** number → id */
  readonly ids: string[] = [];
  private slots: Int32Array = new Int32Array(1024).fill(-1);
  private hashes: Int32Array = new Int32Array(256);
  private keyStart: Int32Array = new Int32Array(256);
  private keyLength: Int32Array = new Int32Array(256);
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  /** UTF-8 of the id being looked up by its string (at most 3 bytes a UTF-16 unit) */
  private scratch = Buffer.allocUnsafe(1024);
  /** the free slot and the hash of the id findBytes last missed */
  private lastSlot = 0;
  private lastHash = 0;

  get size(): number {
    return this.ids.length;
  }

  /** The number of the id spelled by bytes[start, end) (UTF-8); `text` is its string when the caller has it. */
  numberOfBytes(bytes: Buffer, start: number, end: number, text?: string): number {
    const found = this.findBytes(bytes, start, end);
    return found >= 0 ? found : this.add(this.lastSlot, this.lastHash, bytes, start, end, text);
  }

  /** The number of the id spelled by bytes[start, end), or -1 when it has none yet. */
  findBytes(bytes: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p], 0x01000193);
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id < 0) {
        // where numberOfBytes adds it
        this.lastSlot = slot;
        this.lastHash = h;
        return -1;
      }
      if (this.hashes[id] !== h || this.keyLength[id] !== length) continue;
      const at = this.keyStart[id];
      let same = true;
      for (let k = 0; k < length; k++) {
        if (this.arena[at + k] !== bytes[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** The number of `id`. */
  numberOf(id: string): number {
    return this.numberOfBytes(this.scratch, 0, this.utf8(id), id);
  }

  /** The number of `id`, or -1 when it has none yet. */
  find(id: string): number {
    return this.findBytes(this.scratch, 0, this.utf8(id));
  }

  /** A copy, to number more ids without changing this one. */
  clone(): IdTable {
    const copy = new IdTable();
    for (const id of this.ids) copy.ids.push(id);
    copy.slots = this.slots.slice();
    copy.hashes = this.hashes.slice();
    copy.keyStart = this.keyStart.slice();
    copy.keyLength = this.keyLength.slice();
    copy.arena = this.arena.slice();
    copy.arenaUsed = this.arenaUsed;
    return copy;
  }

  /** Writes `id` as UTF-8 into the scratch buffer; returns its length in bytes. */
  private utf8(id: string): number {
    if (3 * id.length > this.scratch.length) this.scratch = Buffer.allocUnsafe(3 * id.length);
    return this.scratch.write(id, 'utf8');
  }

  private add(slot: number, hash: number, bytes: Buffer, start: number, end: number, text?: string): number {
    const id = this.ids.length;
    if (id === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.keyStart = grown(this.keyStart);
      this.keyLength = grown(this.keyLength);
    }
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(2 * this.arena.length, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    // byte by byte: a subarray of a Buffer would be a new Buffer object per id
    for (let k = 0; k < length; k++) this.arena[this.arenaUsed + k] = bytes[start + k];
    this.hashes[id] = hash;
    this.keyStart[id] = this.arenaUsed;
    this.keyLength[id] = length;
    this.arenaUsed += length;
    this.ids.push(text ?? bytes.toString('utf8', start, end));
    this.slots[slot] = id;
    if (2 * this.ids.length > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.ids.length; id++) {
      let slot = this.hashes[id] & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

function grown(from: Int32Array): Int32Array {
  const to = new Int32Array(2 * from.length);
  to.set(from);
  return to;
}
