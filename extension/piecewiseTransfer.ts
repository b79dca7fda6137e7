/*
 * A large value sent between threads in pieces. A worker's message is deserialised on the
 * receiving thread in one go: a 10 MB OpenAPI file's model (32,000 routes) takes over 200 ms
 * to arrive as one message, which would freeze the extension host as surely as parsing it
 * there. Long arrays travel in slices instead, each its own message and so its own short
 * task, and the receiver rebuilds the value. Pure (no threads here), so it is unit-tested.
 */

/** A path into the value: property names and array indexes. */
export type PiecePath = readonly (string | number)[];

export type Piece =
  /** The value with every long array left empty, to be filled by the `items` pieces. */
  | { kind: 'skeleton'; value: unknown }
  | { kind: 'items'; path: PiecePath; items: unknown[] };

/** Arrays longer than this travel in slices of this many items (small enough for a few milliseconds each). */
export const ITEMS_PER_PIECE = 500;

/**
 * The pieces of a JSON-like value (plain objects, arrays, primitives): the skeleton first,
 * then each long array's items in order. The value itself is not changed.
 */
export function splitForTransfer(value: unknown, itemsPerPiece = ITEMS_PER_PIECE): Piece[] {
  const slices: Piece[] = [];
  const skeleton = (node: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(node)) {
      if (node.length > itemsPerPiece) {
        for (let start = 0; start < node.length; start += itemsPerPiece) {
          slices.push({ kind: 'items', path: [...path], items: node.slice(start, start + itemsPerPiece) });
        }
        return [];
      }
      return node.map((item, index) => skeleton(item, [...path, index]));
    }
    if (node !== null && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) copy[key] = skeleton(child, [...path, key]);
      return copy;
    }
    return node;
  };
  const root = skeleton(value, []);
  return [{ kind: 'skeleton', value: root }, ...slices];
}

/** Rebuilds the value from its pieces, in the order they were made. */
export class PieceAssembler {
  private root: unknown;
  private started = false;

  add(piece: Piece): void {
    if (piece.kind === 'skeleton') {
      this.root = piece.value;
      this.started = true;
      return;
    }
    if (!this.started) throw new Error('items arrived before the skeleton');
    let target: unknown = this.root;
    for (const step of piece.path) target = (target as Record<string | number, unknown>)[step];
    if (!Array.isArray(target)) throw new Error(`no array at ${piece.path.join('.')}`);
    for (const item of piece.items) target.push(item);
  }

  get value(): unknown {
    if (!this.started) throw new Error('no skeleton arrived');
    return this.root;
  }
}
