/** Reading the settings: Slack's (HTTP mode needs the signing secret, Socket Mode does not), and adding articles'. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('readConfig for adding articles', () => {
  it('has no editors, no feeds, private addresses refused and a 30-minute interval by default', () => {
    expect(readConfig({}).ingest).toEqual({ editors: [], allowPrivateUrls: false, feeds: [], feedsIntervalMinutes: 30 });
  });

  it('reads editors (Slack users, Discord users and roles), the allow flag, feeds and their interval', () => {
    const config = readConfig({ BRIEFBOT_EDITORS: 'U012AB3CD, W0XYZ12,300000000000000001  300000000000000009', BRIEFBOT_ALLOW_PRIVATE_URLS: 'true', FEEDS: 'https://news.example.org/rss.xml, http://intranet.example/atom', FEEDS_INTERVAL_MINUTES: '5' });
    expect(config.ingest).toEqual({
      editors: ['U012AB3CD', 'W0XYZ12', '300000000000000001', '300000000000000009'],
      allowPrivateUrls: true,
      feeds: ['https://news.example.org/rss.xml', 'http://intranet.example/atom'],
      feedsIntervalMinutes: 5,
    });
  });

  it('reads FEEDS from a file of one URL a line, skipping comments', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-feeds-'));
    await writeFile(path.join(dir, 'feeds.txt'), '# valley papers\nhttps://a.example/rss\n\nhttps://b.example/atom.xml\n');
    expect(readConfig({ FEEDS: 'feeds.txt' }, dir).ingest.feeds).toEqual(['https://a.example/rss', 'https://b.example/atom.xml']);
    expect(() => readConfig({ FEEDS: 'missing.txt' }, dir)).toThrow(/FEEDS names a file that cannot be read \(.*missing\.txt: ENOENT\)/);
  });

  it('names a malformed key without echoing it', () => {
    expect(() => readConfig({ BRIEFBOT_EDITORS: 'U012, alice' })).toThrow(/^BRIEFBOT_EDITORS is malformed: set it to the Slack user ids/);
    expect(() => readConfig({ BRIEFBOT_ALLOW_PRIVATE_URLS: 'yes please' })).toThrow(/BRIEFBOT_ALLOW_PRIVATE_URLS is malformed/);
    expect(() => readConfig({ FEEDS_INTERVAL_MINUTES: '0' })).toThrow(/FEEDS_INTERVAL_MINUTES is malformed/);
    const feeds = (() => {
      try {
        readConfig({ FEEDS: 'https://a.example/rss, ftp://secret-token@b.example/feed' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(feeds).toMatch(/^FEEDS entry 2 is not an http or https URL/);
    expect(feeds).not.toContain('secret-token');
  });
});
