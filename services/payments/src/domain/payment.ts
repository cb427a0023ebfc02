/** A payment: created by a person, seen by them alone. */
export interface Payment {
  id: string;
  /** Who created it: their Keycloak subject. */
  ownerId: string;
  title: string;
  createTime: Date;
}
