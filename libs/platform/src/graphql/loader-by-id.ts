import DataLoader from "dataloader";

/**
 * A per-request loader by key: the keys one level of a GraphQL request asks for are looked up in
 * one call per batch (deduplicated), answered in the order asked, null for a key `load` did not
 * find. `load` answers what it found by key. Made per request, never shared between callers.
 */
export function loaderByKey<V>(
  load: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
  options: { maxBatchSize?: number } = {},
): DataLoader<string, V | null> {
  return new DataLoader(
    async (keys) => {
      const found = await load(keys);
      return keys.map((key) => found.get(key) ?? null);
    },
    { maxBatchSize: options.maxBatchSize ?? 500 },
  );
}

/**
 * A per-request loader of entities by id: every reference in one GraphQL request costs one storage
 * lookup per batch of up to 500 ids, answered in the order asked, null for an id that does not exist.
 */
export function loaderById<T extends { id: string }>(
  find: (ids: readonly string[]) => Promise<readonly T[]>,
): DataLoader<string, T | null> {
  return loaderByKey(async (ids) => new Map((await find(ids)).map((entity) => [entity.id, entity])));
}
