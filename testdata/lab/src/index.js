// The lab's todo app: a plain node:http server with no dependencies, so `yarn install
// --production` needs no network. It serves the page from ./static and a small JSON API whose
// items live in /etc/todos/todo.json (items.js): they outlive a container only when /etc/todos
// is a volume.
//
// Every URL the page uses is relative (./items, ./js/app.js), so the app also works behind a
// path prefix such as code-server's /proxy/3000/.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const items = require('./items');

const PORT = Number(process.env.PORT) || 3000;
const STATIC_DIR = path.join(__dirname, 'static');
const CONTENT_TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.ico': 'image/x-icon',
};

function sendJSON(res, status, body) {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data) });
    res.end(data);
}

function readJSON(req) {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks = [];
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > 64 * 1024) {
                reject(new Error('request body too large'));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => {
            try {
                resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
            } catch (err) {
                reject(err);
            }
        });
        req.on('error', reject);
    });
}

function serveStatic(res, urlPath) {
    const rel = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
    const file = path.resolve(STATIC_DIR, rel);
    if (!file.startsWith(STATIC_DIR + path.sep)) {
        sendJSON(res, 404, { error: 'not found' });
        return;
    }
    fs.readFile(file, (err, data) => {
        if (err) {
            sendJSON(res, 404, { error: 'not found' });
            return;
        }
        res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream' });
        res.end(data);
    });
}

async function handle(req, res) {
    const { pathname } = new URL(req.url, 'http://localhost');
    const itemMatch = pathname.match(/^\/items\/([^/]+)$/);

    if (pathname === '/items' && req.method === 'GET') {
        sendJSON(res, 200, items.list());
    } else if (pathname === '/items' && req.method === 'POST') {
        const body = await readJSON(req);
        if (typeof body.name !== 'string' || body.name.trim() === '') {
            sendJSON(res, 400, { error: 'name is required' });
            return;
        }
        sendJSON(res, 201, items.add(body.name.trim()));
    } else if (itemMatch && req.method === 'PUT') {
        const body = await readJSON(req);
        const item = items.update(itemMatch[1], body);
        if (item) sendJSON(res, 200, item);
        else sendJSON(res, 404, { error: 'no such item' });
    } else if (itemMatch && req.method === 'DELETE') {
        if (items.remove(itemMatch[1])) {
            res.writeHead(204);
            res.end();
        } else {
            sendJSON(res, 404, { error: 'no such item' });
        }
    } else if (req.method === 'GET' || req.method === 'HEAD') {
        serveStatic(res, pathname);
    } else {
        sendJSON(res, 405, { error: 'method not allowed' });
    }
}

const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => sendJSON(res, 400, { error: err.message }));
});

server.listen(PORT, () => console.log(`Listening on port ${PORT}`));

// As PID 1 in a container, node ignores SIGTERM unless it handles it: without this,
// `docker stop` waits 10 seconds and then kills the app.
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        console.log(`Got ${signal}, shutting down`);
        server.close(() => process.exit(0));
        server.closeAllConnections();
    });
}
