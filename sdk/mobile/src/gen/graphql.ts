/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends " $fragmentName" | "__typename" ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";
export type AddToCartInput = {
  /** A guest's cart token; none when signed in, nor for a guest's first line. */
  cartToken?: string | null | undefined;
  quantity?: number;
  skuId: string | number;
};

export type MoneyInput = {
  amount: string;
  currency: string;
};

export type NotificationKind =
  | "BACK_IN_STOCK"
  | "ORDER_CANCELLED"
  | "ORDER_CONFIRMED"
  | "ORDER_DELIVERED"
  | "ORDER_FAILED"
  | "ORDER_SHIPPED"
  | "REVIEW_PUBLISHED"
  | "WELCOME";

export type OrderStatus = "CANCELLED" | "CONFIRMED" | "DELIVERED" | "FAILED" | "PENDING" | "SHIPPED";

export type PaymentStatus = "AUTHORIZED" | "CAPTURED" | "DECLINED" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";

export type PlaceOrderInput = {
  addressId: string | number;
  /** The cart's version as the checkout screen showed it. */
  cartVersion: string;
  /** The checkout screen's total. */
  expectedTotal: MoneyInput;
  /** 8 to 64 characters, one per order the client means to place (e.g. a UUID). */
  idempotencyKey: string;
  /** The payment provider's token for the payment method (tok_…). */
  paymentToken: string;
  quoteId: string | number;
};

/** How fast the carrier delivers; express costs twice the standard price. */
export type ServiceLevel = "EXPRESS" | "STANDARD";

export type ShipmentStatus = "CANCELLED" | "DELIVERED" | "FAILED" | "IN_TRANSIT" | "LABEL_CREATED";

export type AddToCartMutationVariables = Exact<{
  input: AddToCartInput;
}>;

export type AddToCartMutation = {
  addToCart: {
    cartToken: string | null;
    cart: {
      version: string;
      itemCount: number;
      subtotal: { amount: string; currency: string; formatted: string } | null;
      lines: Array<{
        skuId: string;
        productId: string;
        name: string;
        quantity: number;
        imageUrl: string | null;
        unitPrice: { formatted: string };
        lineTotal: { formatted: string };
      }>;
    };
  };
};

export type PlaceOrderMutationVariables = Exact<{
  input: PlaceOrderInput;
}>;

export type PlaceOrderMutation = {
  placeOrder: { orderId: string; status: OrderStatus; total: { amount: string; currency: string; formatted: string } };
};

export type OrderStatusChangedSubscriptionVariables = Exact<{
  orderId: string | number;
  after?: number | null | undefined;
}>;

export type OrderStatusChangedSubscription = {
  orderStatusChanged: {
    orderId: string;
    status: OrderStatus;
    reason: string | null;
    sequence: number;
    changedAt: string;
  };
};

export type NotificationReceivedSubscriptionVariables = Exact<{ [key: string]: never }>;

export type NotificationReceivedSubscription = {
  myNotifications: {
    id: string;
    kind: NotificationKind;
    title: string;
    body: string;
    createdAt: string;
    orderId: string | null;
    productId: string | null;
  };
};

export type ProductAvailabilityChangedSubscriptionVariables = Exact<{
  productIds: Array<string | number> | string | number;
}>;

export type ProductAvailabilityChangedSubscription = {
  productAvailabilityChanged: {
    productId: string;
    skuId: string;
    inStock: boolean;
    available: number;
    version: number;
  };
};

export type HomeScreenQueryVariables = Exact<{
  categoryId?: string | number | null | undefined;
  first?: number | null | undefined;
}>;

export type HomeScreenQuery = {
  homeScreen: {
    categories: Array<{ id: string; name: string }> | null;
    products: Array<{
      id: string;
      name: string;
      imageUrl: string | null;
      inStock: boolean | null;
      price: { amount: string; currency: string; formatted: string };
    }> | null;
    badges: { unreadNotifications: number | null; cartItems: number | null } | null;
  };
};

export type ProductScreenQueryVariables = Exact<{
  id: string | number;
}>;

export type ProductScreenQuery = {
  productScreen: {
    id: string;
    name: string;
    description: string;
    imageUrls: Array<string>;
    inStock: boolean | null;
    price: { amount: string; currency: string; formatted: string };
    options: Array<{
      skuId: string;
      label: string;
      inStock: boolean | null;
      price: { amount: string; currency: string; formatted: string };
    }>;
    rating: { average: number; count: number } | null;
    reviews: Array<{ rating: number; title: string; body: string; author: string | null; createdAt: string }> | null;
  } | null;
};

export type CartScreenViewFragment = {
  version: string;
  itemCount: number;
  subtotal: { amount: string; currency: string; formatted: string } | null;
  lines: Array<{
    skuId: string;
    productId: string;
    name: string;
    quantity: number;
    imageUrl: string | null;
    unitPrice: { formatted: string };
    lineTotal: { formatted: string };
  }>;
};

export type CartScreenQueryVariables = Exact<{
  cartToken?: string | null | undefined;
}>;

export type CartScreenQuery = {
  cartScreen: {
    version: string;
    itemCount: number;
    subtotal: { amount: string; currency: string; formatted: string } | null;
    lines: Array<{
      skuId: string;
      productId: string;
      name: string;
      quantity: number;
      imageUrl: string | null;
      unitPrice: { formatted: string };
      lineTotal: { formatted: string };
    }>;
  } | null;
};

export type CheckoutScreenQueryVariables = Exact<{
  addressId?: string | number | null | undefined;
  serviceLevel?: ServiceLevel | null | undefined;
}>;

export type CheckoutScreenQuery = {
  checkoutScreen: {
    addressId: string | null;
    cart: {
      version: string;
      itemCount: number;
      subtotal: { amount: string; currency: string; formatted: string } | null;
      lines: Array<{
        skuId: string;
        productId: string;
        name: string;
        quantity: number;
        imageUrl: string | null;
        unitPrice: { formatted: string };
        lineTotal: { formatted: string };
      }>;
    } | null;
    addresses: Array<{ id: string; label: string }> | null;
    quote: {
      quoteId: string;
      serviceLevel: ServiceLevel;
      expiresAt: string;
      price: { amount: string; currency: string; formatted: string };
    } | null;
    total: { amount: string; currency: string; formatted: string } | null;
  };
};

export type OrderTrackingScreenQueryVariables = Exact<{
  orderId: string | number;
}>;

export type OrderTrackingScreenQuery = {
  orderTrackingScreen: {
    orderId: string;
    status: OrderStatus;
    statusReason: string;
    placedAt: string;
    payment: PaymentStatus | null;
    total: { amount: string; currency: string; formatted: string };
    shipment: { status: ShipmentStatus; updatedAt: string } | null;
    lines: Array<{ name: string; quantity: number; imageUrl: string | null }>;
  } | null;
};

export const CartScreenViewFragmentDoc = {
  kind: "Document",
  definitions: [
    {
      kind: "FragmentDefinition",
      name: { kind: "Name", value: "CartScreenView" },
      typeCondition: { kind: "NamedType", name: { kind: "Name", value: "CartScreen" } },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          { kind: "Field", name: { kind: "Name", value: "version" } },
          { kind: "Field", name: { kind: "Name", value: "itemCount" } },
          {
            kind: "Field",
            name: { kind: "Name", value: "subtotal" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "amount" } },
                { kind: "Field", name: { kind: "Name", value: "currency" } },
                { kind: "Field", name: { kind: "Name", value: "formatted" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "lines" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "skuId" } },
                { kind: "Field", name: { kind: "Name", value: "productId" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                { kind: "Field", name: { kind: "Name", value: "quantity" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "unitPrice" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lineTotal" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "imageUrl" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "size" },
                      value: { kind: "EnumValue", value: "THUMB" },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CartScreenViewFragment, unknown>;
export const AddToCartDocument = {
  __meta__: { hash: "8181e6e218e2f1e03d14fef95056b641d0e17ec6869240cfd6621df0d8a3be56" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "AddToCart" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "input" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "AddToCartInput" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "addToCart" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: { kind: "Variable", name: { kind: "Name", value: "input" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "cartToken" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "cart" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "FragmentSpread", name: { kind: "Name", value: "CartScreenView" } }],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: "FragmentDefinition",
      name: { kind: "Name", value: "CartScreenView" },
      typeCondition: { kind: "NamedType", name: { kind: "Name", value: "CartScreen" } },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          { kind: "Field", name: { kind: "Name", value: "version" } },
          { kind: "Field", name: { kind: "Name", value: "itemCount" } },
          {
            kind: "Field",
            name: { kind: "Name", value: "subtotal" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "amount" } },
                { kind: "Field", name: { kind: "Name", value: "currency" } },
                { kind: "Field", name: { kind: "Name", value: "formatted" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "lines" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "skuId" } },
                { kind: "Field", name: { kind: "Name", value: "productId" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                { kind: "Field", name: { kind: "Name", value: "quantity" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "unitPrice" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lineTotal" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "imageUrl" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "size" },
                      value: { kind: "EnumValue", value: "THUMB" },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AddToCartMutation, AddToCartMutationVariables>;
export const PlaceOrderDocument = {
  __meta__: { hash: "3645eb6216b87bb0e5ff9403d7c43698088f734671c5099a9ac1e9dbad822898" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "PlaceOrder" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "input" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "PlaceOrderInput" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "placeOrder" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: { kind: "Variable", name: { kind: "Name", value: "input" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "orderId" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "total" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "amount" } },
                      { kind: "Field", name: { kind: "Name", value: "currency" } },
                      { kind: "Field", name: { kind: "Name", value: "formatted" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PlaceOrderMutation, PlaceOrderMutationVariables>;
export const OrderStatusChangedDocument = {
  __meta__: { hash: "3960d0d5016da6f7017460e8dc66bbceda323fd57b501e121414a3f4cb27610a" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "subscription",
      name: { kind: "Name", value: "OrderStatusChanged" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "orderId" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "after" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "orderStatusChanged" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "orderId" },
                value: { kind: "Variable", name: { kind: "Name", value: "orderId" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "after" },
                value: { kind: "Variable", name: { kind: "Name", value: "after" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "orderId" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
                { kind: "Field", name: { kind: "Name", value: "reason" } },
                { kind: "Field", name: { kind: "Name", value: "sequence" } },
                { kind: "Field", name: { kind: "Name", value: "changedAt" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<OrderStatusChangedSubscription, OrderStatusChangedSubscriptionVariables>;
export const NotificationReceivedDocument = {
  __meta__: { hash: "f2f549350432e59a78960ae211b6556d7b1fbe9ebed1cf6d6668005e1f9a6cc1" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "subscription",
      name: { kind: "Name", value: "NotificationReceived" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "myNotifications" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "kind" } },
                { kind: "Field", name: { kind: "Name", value: "title" } },
                { kind: "Field", name: { kind: "Name", value: "body" } },
                { kind: "Field", name: { kind: "Name", value: "createdAt" } },
                { kind: "Field", name: { kind: "Name", value: "orderId" } },
                { kind: "Field", name: { kind: "Name", value: "productId" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NotificationReceivedSubscription, NotificationReceivedSubscriptionVariables>;
export const ProductAvailabilityChangedDocument = {
  __meta__: { hash: "eddf9bfce3a1f700d054d2d0fb619fbc7e91194a00cc27c0aaf06f8250ab5fd5" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "subscription",
      name: { kind: "Name", value: "ProductAvailabilityChanged" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "productIds" } },
          type: {
            kind: "NonNullType",
            type: {
              kind: "ListType",
              type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
            },
          },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "productAvailabilityChanged" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "productIds" },
                value: { kind: "Variable", name: { kind: "Name", value: "productIds" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "productId" } },
                { kind: "Field", name: { kind: "Name", value: "skuId" } },
                { kind: "Field", name: { kind: "Name", value: "inStock" } },
                { kind: "Field", name: { kind: "Name", value: "available" } },
                { kind: "Field", name: { kind: "Name", value: "version" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ProductAvailabilityChangedSubscription, ProductAvailabilityChangedSubscriptionVariables>;
export const HomeScreenDocument = {
  __meta__: { hash: "f1dbf89b4f38aafdc4951ad749da19cadbddbfee67266efb6ea1d5435d59b928" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "HomeScreen" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "categoryId" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "ID" } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "homeScreen" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "categoryId" },
                value: { kind: "Variable", name: { kind: "Name", value: "categoryId" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "first" },
                value: { kind: "Variable", name: { kind: "Name", value: "first" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "categories" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "products" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "price" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "amount" } },
                            { kind: "Field", name: { kind: "Name", value: "currency" } },
                            { kind: "Field", name: { kind: "Name", value: "formatted" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "imageUrl" },
                        arguments: [
                          {
                            kind: "Argument",
                            name: { kind: "Name", value: "size" },
                            value: { kind: "EnumValue", value: "THUMB" },
                          },
                        ],
                      },
                      { kind: "Field", name: { kind: "Name", value: "inStock" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "badges" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "unreadNotifications" } },
                      { kind: "Field", name: { kind: "Name", value: "cartItems" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<HomeScreenQuery, HomeScreenQueryVariables>;
export const ProductScreenDocument = {
  __meta__: { hash: "9ad48fd6032e31c0c799ee4ad01ae31d8e2828e18284e00f54b555db144a732a" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "ProductScreen" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "id" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "productScreen" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "id" },
                value: { kind: "Variable", name: { kind: "Name", value: "id" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                { kind: "Field", name: { kind: "Name", value: "description" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "price" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "amount" } },
                      { kind: "Field", name: { kind: "Name", value: "currency" } },
                      { kind: "Field", name: { kind: "Name", value: "formatted" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "imageUrls" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "size" },
                      value: { kind: "EnumValue", value: "MEDIUM" },
                    },
                  ],
                },
                { kind: "Field", name: { kind: "Name", value: "inStock" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "options" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "skuId" } },
                      { kind: "Field", name: { kind: "Name", value: "label" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "price" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "amount" } },
                            { kind: "Field", name: { kind: "Name", value: "currency" } },
                            { kind: "Field", name: { kind: "Name", value: "formatted" } },
                          ],
                        },
                      },
                      { kind: "Field", name: { kind: "Name", value: "inStock" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "rating" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "average" } },
                      { kind: "Field", name: { kind: "Name", value: "count" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "reviews" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "first" },
                      value: { kind: "IntValue", value: "3" },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "rating" } },
                      { kind: "Field", name: { kind: "Name", value: "title" } },
                      { kind: "Field", name: { kind: "Name", value: "body" } },
                      { kind: "Field", name: { kind: "Name", value: "author" } },
                      { kind: "Field", name: { kind: "Name", value: "createdAt" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ProductScreenQuery, ProductScreenQueryVariables>;
export const CartScreenDocument = {
  __meta__: { hash: "80148607402ccfc999f093a66611ea66e47213ecd131d051503de4f24de75387" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "CartScreen" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "cartToken" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "String" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "cartScreen" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "cartToken" },
                value: { kind: "Variable", name: { kind: "Name", value: "cartToken" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [{ kind: "FragmentSpread", name: { kind: "Name", value: "CartScreenView" } }],
            },
          },
        ],
      },
    },
    {
      kind: "FragmentDefinition",
      name: { kind: "Name", value: "CartScreenView" },
      typeCondition: { kind: "NamedType", name: { kind: "Name", value: "CartScreen" } },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          { kind: "Field", name: { kind: "Name", value: "version" } },
          { kind: "Field", name: { kind: "Name", value: "itemCount" } },
          {
            kind: "Field",
            name: { kind: "Name", value: "subtotal" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "amount" } },
                { kind: "Field", name: { kind: "Name", value: "currency" } },
                { kind: "Field", name: { kind: "Name", value: "formatted" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "lines" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "skuId" } },
                { kind: "Field", name: { kind: "Name", value: "productId" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                { kind: "Field", name: { kind: "Name", value: "quantity" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "unitPrice" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lineTotal" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "imageUrl" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "size" },
                      value: { kind: "EnumValue", value: "THUMB" },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CartScreenQuery, CartScreenQueryVariables>;
export const CheckoutScreenDocument = {
  __meta__: { hash: "d35fed4317e51165c195858392f39ac05d17e5884fa1efe05057dc8e49b6f663" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "CheckoutScreen" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "addressId" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "ID" } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "serviceLevel" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "ServiceLevel" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "checkoutScreen" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "addressId" },
                value: { kind: "Variable", name: { kind: "Name", value: "addressId" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "serviceLevel" },
                value: { kind: "Variable", name: { kind: "Name", value: "serviceLevel" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "cart" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "FragmentSpread", name: { kind: "Name", value: "CartScreenView" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "addresses" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "label" } },
                    ],
                  },
                },
                { kind: "Field", name: { kind: "Name", value: "addressId" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "quote" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "quoteId" } },
                      { kind: "Field", name: { kind: "Name", value: "serviceLevel" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "price" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "amount" } },
                            { kind: "Field", name: { kind: "Name", value: "currency" } },
                            { kind: "Field", name: { kind: "Name", value: "formatted" } },
                          ],
                        },
                      },
                      { kind: "Field", name: { kind: "Name", value: "expiresAt" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "total" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "amount" } },
                      { kind: "Field", name: { kind: "Name", value: "currency" } },
                      { kind: "Field", name: { kind: "Name", value: "formatted" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: "FragmentDefinition",
      name: { kind: "Name", value: "CartScreenView" },
      typeCondition: { kind: "NamedType", name: { kind: "Name", value: "CartScreen" } },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          { kind: "Field", name: { kind: "Name", value: "version" } },
          { kind: "Field", name: { kind: "Name", value: "itemCount" } },
          {
            kind: "Field",
            name: { kind: "Name", value: "subtotal" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "amount" } },
                { kind: "Field", name: { kind: "Name", value: "currency" } },
                { kind: "Field", name: { kind: "Name", value: "formatted" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "lines" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "skuId" } },
                { kind: "Field", name: { kind: "Name", value: "productId" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                { kind: "Field", name: { kind: "Name", value: "quantity" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "unitPrice" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lineTotal" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [{ kind: "Field", name: { kind: "Name", value: "formatted" } }],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "imageUrl" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "size" },
                      value: { kind: "EnumValue", value: "THUMB" },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CheckoutScreenQuery, CheckoutScreenQueryVariables>;
export const OrderTrackingScreenDocument = {
  __meta__: { hash: "4b464820d7a924678044ea46c032e0e7b4039d732970291450e2fc0d00540982" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "OrderTrackingScreen" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "orderId" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "orderTrackingScreen" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "orderId" },
                value: { kind: "Variable", name: { kind: "Name", value: "orderId" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "orderId" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
                { kind: "Field", name: { kind: "Name", value: "statusReason" } },
                { kind: "Field", name: { kind: "Name", value: "placedAt" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "total" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "amount" } },
                      { kind: "Field", name: { kind: "Name", value: "currency" } },
                      { kind: "Field", name: { kind: "Name", value: "formatted" } },
                    ],
                  },
                },
                { kind: "Field", name: { kind: "Name", value: "payment" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "shipment" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "status" } },
                      { kind: "Field", name: { kind: "Name", value: "updatedAt" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lines" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                      { kind: "Field", name: { kind: "Name", value: "quantity" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "imageUrl" },
                        arguments: [
                          {
                            kind: "Argument",
                            name: { kind: "Name", value: "size" },
                            value: { kind: "EnumValue", value: "THUMB" },
                          },
                        ],
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<OrderTrackingScreenQuery, OrderTrackingScreenQueryVariables>;
