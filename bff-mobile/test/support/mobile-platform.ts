import {
  bffQuery,
  createTestVhost,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";
import { mobileExamples } from "../../src/graph/examples";

export interface MobilePlatform {
  platform: RunningPlatform;
  tokens: { alice: string; bob: string; ada: string };
  stop(): Promise<void>;
}

/**
 * The whole platform as `npm start` runs it (services, gateway, both BFFs) with a broker of its own,
 * so orders are checked out by the saga; the carrier moves a parcel every 5 s instead of every minute.
 */
export async function startMobilePlatform(): Promise<MobilePlatform> {
  const vhost: TestVhost = await createTestVhost("bff-mobile");
  const platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
    broker: vhost,
    serviceEnv: { EMPORIUM_SHIPPING_CARRIER_STEP_MS: "5000", EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS: "200" },
    // A loaded machine (every project's specs at once) must not turn slow calls into UNAVAILABLE.
    bffEnv: { EMPORIUM_BFF_MOBILE_CALL_TIMEOUT_MS: "15000" },
  }).catch(async (err: unknown) => {
    await vhost.drop();
    throw err;
  });
  const kc = testKeycloak();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    platform,
    tokens: { alice, bob, ada },
    async stop() {
      await platform.stop();
      await vhost.drop();
    },
  };
}

export type GraphqlAnswer<T> = Awaited<ReturnType<typeof bffQuery<T>>>;

/** One request to bff-mobile, as a person (their token) or a guest (none). */
export function askMobile<T>(
  platform: RunningPlatform,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlAnswer<T>> {
  return bffQuery<T>(platform.bffMobileUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
}

/** An example operation of bff-mobile's GraphiQL, by its title: the specs run what people will try. */
export function example(title: string): string {
  const found = mobileExamples.find((e) => e.title === title);
  if (!found) throw new Error(`no GraphiQL example titled ${title}`);
  return found.query;
}
