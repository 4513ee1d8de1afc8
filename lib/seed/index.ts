export type { DemoSeed } from './demo-seed';
export {
  DEMO_APP_ID,
  DEMO_APP_NAME,
  DEMO_CUSTOMER_ID,
  DEMO_CUSTOMER_NAME,
  demoWebhookUrl,
  ensureDemoSeed,
  getDemoWebhookSecret,
} from './demo-seed';
