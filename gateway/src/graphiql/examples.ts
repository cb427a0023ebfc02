/** The example operations GraphiQL opens as tabs; the first one is active. Keep them runnable. */
export interface GraphiqlExample {
  title: string;
  query: string;
  variables?: string;
  headers?: string;
}

export const graphiqlExamples: GraphiqlExample[] = [
  {
    title: "First products",
    query: `# Welcome to Emporium. Press the ▶ button (or Ctrl-Enter) to run.
#
# Products come as a Relay connection: pass pageInfo.endCursor as "after" to get the next page.
query FirstProducts {
  products(first: 5) {
    edges {
      node {
        id
        name
        category { name }
        skus { code price { amount currency formatted } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    title: "Next page",
    query: `# Paste the endCursor of the previous page into the "after" variable below.
query NextPage($after: String) {
  products(first: 5, after: $after) {
    edges { node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: `{ "after": null }`,
  },
  {
    title: "Product by id",
    query: `query Product($id: ID!) {
  product(id: $id) {
    id
    name
    description
    category { id name slug }
    priceRange { min { formatted } max { formatted } }
    skus { id code name price { amount currency formatted } attributes { name value } }
  }
}
`,
    variables: `{ "id": "0192f000-0000-7000-8000-000000000001" }`,
  },
  {
    title: "Search",
    query: `# Full-text search (web search syntax: words, "quoted phrases", -excluded), optionally in one category.
query Search {
  products(first: 10, filter: { query: "coffee", categoryId: "cat-kitchen" }) {
    edges { node { id name skus { price { formatted } } } }
  }
  categories { id name }
}
`,
  },
];
