// cdk entry point (cdk.json: npx tsx infra/app.ts). AwsSolutions checks run at every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BurgernetStack } from '#infra/stack';

const app = new App();
// No env: one environment-agnostic template, account and region resolved at deploy.
new BurgernetStack(app, 'Burgernet');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
