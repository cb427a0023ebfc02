/**
 * The screens the BFF benchmark measures: each as bff-mobile's screen query and as the query a
 * client would send the gateway for the same data (anonymous: the screens' public parts).
 */
export interface ScreenPair {
  screen: string;
  bff: string;
  gateway: string;
  variables: Record<string, unknown>;
  /** The facts both answers must agree on, from each answer's body. */
  facts: { bff: (data: never) => unknown; gateway: (data: never) => unknown };
}

/** A seeded product with several SKUs, a rating and reviews (catalog's and reviews' seeds). */
export const BENCH_PRODUCT_ID = "0192f000-0000-7000-8000-000000000001";

type Card = { id: string; name: string; price: { formatted: string }; inStock: boolean };
type GatewayCard = {
  id: string;
  name: string;
  lowestPrice: { formatted: string };
  availability: { inStock: boolean } | null;
};
type Option = { skuId: string; label: string; price: { formatted: string } };
type GatewaySku = { id: string; name: string; price: { formatted: string } };

export const BFF_SCREENS: ScreenPair[] = [
  {
    screen: "home",
    bff: `query Home {
  homeScreen(first: 6) {
    categories { id name }
    products { id name price { formatted } imageUrl(size: THUMB) inStock }
  }
}`,
    gateway: `query Home {
  categories { id name }
  products(first: 6, sort: NEWEST) {
    edges { node { id name lowestPrice { formatted } imageUrl(size: THUMB) availability { inStock } } }
  }
}`,
    variables: {},
    facts: {
      bff: (d: { homeScreen: { categories: unknown[]; products: Card[] } }) => ({
        categories: d.homeScreen.categories,
        products: d.homeScreen.products.map((p) => [p.id, p.name, p.price.formatted, p.inStock]),
      }),
      gateway: (d: { categories: unknown[]; products: { edges: Array<{ node: GatewayCard }> } }) => ({
        categories: d.categories,
        products: d.products.edges.map(({ node: p }) => [
          p.id,
          p.name,
          p.lowestPrice.formatted,
          p.availability?.inStock ?? false,
        ]),
      }),
    },
  },
  {
    screen: "product",
    bff: `query Product($id: ID!) {
  productScreen(id: $id) {
    id name description price { formatted } imageUrls(size: MEDIUM) inStock
    options { skuId label price { formatted } }
    rating { average count }
    reviews(first: 3) { rating title body author createdAt }
  }
}`,
    gateway: `query Product($id: ID!) {
  product(id: $id) {
    id name description lowestPrice { formatted } images { url(size: MEDIUM) } availability { inStock }
    skus { id name price { formatted } }
    rating { average count }
    reviews(first: 3) { edges { node { rating title body createdAt author { displayName } } } }
  }
}`,
    variables: { id: BENCH_PRODUCT_ID },
    facts: {
      bff: (d: {
        productScreen: { name: string; options: Option[]; rating: unknown; reviews: Array<{ author: string }> };
      }) => ({
        name: d.productScreen.name,
        options: d.productScreen.options.map((o) => [o.skuId, o.label, o.price.formatted]),
        rating: d.productScreen.rating,
        authors: d.productScreen.reviews.map((r) => r.author),
      }),
      gateway: (d: {
        product: {
          name: string;
          skus: GatewaySku[];
          rating: unknown;
          reviews: { edges: Array<{ node: { author: { displayName: string } } }> } | null;
        };
      }) => ({
        name: d.product.name,
        options: d.product.skus.map((s) => [s.id, s.name, s.price.formatted]),
        rating: d.product.rating,
        authors: d.product.reviews?.edges.map((e) => e.node.author.displayName),
      }),
    },
  },
];

/** Throws unless the two answers show the same screen (the comparison would mean nothing otherwise). */
export function sameScreenData(pair: ScreenPair, bffBody: string, gatewayBody: string): void {
  const bff = JSON.stringify(pair.facts.bff((JSON.parse(bffBody) as { data: never }).data));
  const gateway = JSON.stringify(pair.facts.gateway((JSON.parse(gatewayBody) as { data: never }).data));
  if (bff !== gateway)
    throw new Error(`the ${pair.screen} screen differs between bff-mobile and the gateway:\n${bff}\n${gateway}`);
}
