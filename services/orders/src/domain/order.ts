/** A order: created by a person, seen by them alone. */
export interface Order {
  id: string;
  /** Who created it: their Keycloak subject. */
  ownerId: string;
  title: string;
  createTime: Date;
}
