/** Bounds that keep hostile input (deep nesting, alias bombs) from exhausting the stack or memory. */
export const MAX_DEPTH = 1000;
/** Nodes that alias expansion may add to a tree, in total, before further aliases are left unresolved. */
export const MAX_ALIAS_EXPANSION = 100_000;
