/** What the generator was asked for (schema.json). */
export interface ServiceOptions {
  name: string;
  entity?: string;
  plural?: string;
  portSlot?: number;
}

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (kebab: string) => pascal(kebab).replace(/^./, (c) => c.toLowerCase());
const snake = (kebab: string) => kebab.replace(/-/g, "_");

/** Every spelling the templates use, derived once from the options. */
export function serviceNames(options: ServiceOptions) {
  const { name } = options;
  if (!/^[a-z][a-z0-9]{1,30}$/.test(name))
    throw new Error(`invalid service name "${name}": use 2-31 lowercase letters and digits, starting with a letter`);
  const entity = options.entity ?? (/[^s]s$/.test(name) ? name.slice(0, -1) : name);
  const plural = options.plural ?? `${entity}s`;
  if (entity === plural) throw new Error(`the entity "${entity}" needs a different plural: pass --plural`);
  return {
    /** orders */
    name,
    /** Orders: OrdersService, OrdersApp */
    Name: pascal(name),
    /** order: file names (order-repository.ts) */
    entity,
    /** Order */
    Entity: pascal(entity),
    /** order: variables */
    entityVar: camel(entity),
    /** orders, Orders, orders: ListMyOrders, myOrders */
    plural,
    Plural: pascal(plural),
    pluralVar: camel(plural),
    /** gift card, gift cards, Gift cards: prose */
    entityWords: entity.replace(/-/g, " "),
    pluralWords: plural.replace(/-/g, " "),
    PluralWords: plural.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()),
    /** order, orders: SQL identifiers */
    entitySql: snake(entity),
    pluralSql: snake(plural),
  };
}

export type ServiceNames = ReturnType<typeof serviceNames>;
