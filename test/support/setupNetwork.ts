import nock from 'nock';

// No test may reach the internet; loopback stays open for the servers the tests start.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
