'use strict';
// Node 20 makes every AWS SDK client print a support warning; tests read their own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
