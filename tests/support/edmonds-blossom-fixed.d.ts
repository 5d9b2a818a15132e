/**
 * Types for edmonds-blossom-fixed, the reference that tests/unit/blossom.test.ts compares
 * src/domain/matching/blossom.ts with: edges [u, v, weight] in, mate array (partner or -1) out.
 */
declare module 'edmonds-blossom-fixed' {
  function blossom(edges: Array<[number, number, number]>, maxCardinality?: boolean): number[];
  export = blossom;
}
