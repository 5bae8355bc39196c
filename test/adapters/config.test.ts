/** Reading the Slack settings: HTTP mode needs the signing secret, Socket Mode does not. */
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../adapters/config.js';

describe('readConfig for Slack', () => {
  it('turns Slack on over HTTP with the bot token and the signing secret', () => {
    const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 'shh', appToken: null, port: 3000 });
  });

  it('turns Slack on in Socket Mode with the bot and app tokens alone', () => {
    const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: null, appToken: 'xapp-1' });
  });

  it('names the signing secret when HTTP mode lacks it, and the bot token when Socket Mode does', () => {
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET is missing/);
    expect(() => readConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(ConfigError);
    expect(() => readConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN is missing/);
  });
});
