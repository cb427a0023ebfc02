import { runServiceMain } from "@emporium/platform";
import { notificationsService } from "./app";
import { loadNotificationsConfig } from "./config";

runServiceMain("notifications", { loadConfig: loadNotificationsConfig, build: notificationsService.build });
