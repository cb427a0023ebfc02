export {
  GATEWAY,
  SERVICES,
  defaultRpcUrl,
  envPrefix,
  rpcUrlVariable,
  serviceDefaults,
  serviceNamed,
  subgraphSdlPath,
  type ServiceEntry,
  type ServiceName,
} from "./services";
