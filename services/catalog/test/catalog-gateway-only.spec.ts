import { GATEWAY_CREDENTIAL_HEADER } from "@emporium/platform";
import { serviceToken, testKeycloak } from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * In production the catalog's subgraph answers the gateway only (its client-credentials token in
 * the gateway-credential header), so nobody can skip the gateway's limits by calling it directly.
 * Its RPCs and probes are not affected.
 */
describe("catalog subgraph in production", () => {
  const product = seedProducts[0]!;
  const query = `query($id: ID!) { product(id: $id) { id name } }`;
  let catalog: RunningCatalog;
  let gatewayToken: string;
  beforeAll(async () => {
    catalog = await startCatalog({ env: { EMPORIUM_ENV: "production" } });
    gatewayToken = await serviceToken(testKeycloak(), "gateway");
  });
  afterAll(() => catalog.stop());

  const post = (headers: Record<string, string>) =>
    fetch(`${catalog.httpUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables: { id: product.id } }),
    });

  it("refuses a direct call with 403 FORBIDDEN, whatever token the caller sends", async () => {
    for (const token of [undefined, catalog.adminToken]) {
      const { status, body } = await catalog.graphql(query, { id: product.id }, token);
      expect(status).toBe(403);
      expect(body).toEqual({
        errors: [
          {
            message: expect.stringContaining("this subgraph answers the gateway only"),
            extensions: { code: "FORBIDDEN", requestId: expect.any(String) },
          },
        ],
      });
    }
  });

  it("answers the gateway's credential", async () => {
    const res = await post({ [GATEWAY_CREDENTIAL_HEADER]: `Bearer ${gatewayToken}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { product: { id: product.id, name: product.name } } });
  });

  it("still serves its RPCs and probes to their callers", async () => {
    const { product: fromRpc } = await catalog.client().getProduct({ id: product.id });
    expect(fromRpc?.name).toBe(product.name);
    expect((await fetch(`${catalog.httpUrl}/readyz`)).status).toBe(200);
  });
});
