// The package's root folder; the Functions app needs it too (the operations page's files), so it lives in shared/.
export { packageRoot } from "../shared/package-root.js";
