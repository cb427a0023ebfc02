import { runBffMain } from "@emporium/platform";
import { buildBffWebApp } from "./app";
import { loadBffWebConfig } from "./config";

runBffMain("bff-web", loadBffWebConfig, buildBffWebApp);
