/** Types for edmonds-blossom-fixed: edges [u, v, weight] in, mate array (partner or -1) out. */
declare module 'edmonds-blossom-fixed' {
  function blossom(edges: Array<[number, number, number]>, maxCardinality?: boolean): number[];
  export = blossom;
}
