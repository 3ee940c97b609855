/**
 * Imported first by run.mjs: the AWS SDK prints a Node-version support warning on stderr (node 20);
 * it says nothing about the figures. The tests silence it the same way (vitest.config.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
