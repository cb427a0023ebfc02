export {
  GATEWAY,
  SERVICES,
  envPrefix,
  serviceDefaults,
  serviceNamed,
  subgraphSdlPath,
  type ServiceEntry,
  type ServiceName,
} from "./services";
