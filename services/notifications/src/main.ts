import { runServiceMain } from "@emporium/platform";
import { buildNotificationsApp } from "./app";
import { loadNotificationsConfig } from "./config";

runServiceMain("notifications", { loadConfig: loadNotificationsConfig, build: buildNotificationsApp });
