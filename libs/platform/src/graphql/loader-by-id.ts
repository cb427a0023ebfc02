import DataLoader from "dataloader";

/**
 * A per-request loader of entities by id: every reference in one GraphQL request costs one storage
 * lookup per batch of up to 500 ids, answered in the order asked, null for an id that does not exist.
 */
export function loaderById<T extends { id: string }>(
  find: (ids: readonly string[]) => Promise<readonly T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(
    async (ids) => {
      const found = new Map((await find(ids)).map((entity) => [entity.id, entity]));
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: 500 },
  );
}
