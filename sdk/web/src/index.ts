// The web client's SDK (@emporium/sdk-web): bff-web's operations, typed and persisted
// (src/gen is generated from operations/*.graphql by `npx nx run sdk-web:sdk`; never edit it).
export * from "./gen/graphql";
export { createWebSdk, type WebSdk } from "./web-sdk";
export { requireData, SubscriptionError, type EmporiumClientOptions, type GetToken } from "@emporium/sdk-client";
