/** A shipping: created by a person, seen by them alone. */
export interface Shipping {
  id: string;
  /** Who created it: their Keycloak subject. */
  ownerId: string;
  title: string;
  createTime: Date;
}
