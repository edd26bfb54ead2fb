// A loopback JSON API for the overhead rounds: every request gets the same small JSON body. Prints its URL
// as JSON, and exits when its parent closes stdin, so it never outlives the bench.
import { createServer } from 'node:http';

const body = JSON.stringify({ login: 'octocat', id: 1, name: 'The Octocat', public_repos: 8 });
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/` })));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
