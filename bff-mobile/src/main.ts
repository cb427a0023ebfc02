import { runBffMain } from "@emporium/platform";
import { buildBffMobileApp } from "./app";
import { loadBffMobileConfig } from "./config";

runBffMain("bff-mobile", loadBffMobileConfig, buildBffMobileApp);
