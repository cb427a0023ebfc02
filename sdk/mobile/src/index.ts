// The mobile app's SDK (@emporium/sdk-mobile): bff-mobile's screens and actions, typed and
// persisted (src/gen is generated from operations/*.graphql by `npx nx run sdk-mobile:sdk`; never
// edit it). React Native-friendly: it needs only the fetch and WebSocket globals.
export * from "./gen/graphql";
export { createMobileSdk, type MobileSdk } from "./mobile-sdk";
export { requireData, SubscriptionError, type EmporiumClientOptions, type GetToken } from "@emporium/sdk-client";
