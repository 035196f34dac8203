-- nvim_test.lua: the Neovim configuration of docs/editors.md, run for real by scripts/test-nvim.sh.
--
-- It runs inside `nvim --headless --clean` with dockerlab on PATH. The environment names the Lua
-- block extracted from the guide (DOCKERLAB_NVIM_CONFIG), the guide's other Lua blocks, which are
-- only compiled (DOCKERLAB_NVIM_BLOCKS, separated by ':'), a copy of the lab (DOCKERLAB_NVIM_LAB)
-- and the image name a build there gets (DOCKERLAB_NVIM_TAG). It loads the configuration as a
-- user would, opens the lab's Dockerfile and checks, on the real server and the real engine:
-- a Korean hover, completion, a Korean diagnostic, the code lenses, a build through
-- workspace/executeCommand with its output in the documented buffer, and :DockerlabImages.
-- Every check prints one line; the first failure exits with status 1, success with 0.

local env = function(name)
  local v = os.getenv(name)
  if not v or v == '' then
    error(name .. ' is not set')
  end
  return v
end

local function say(fmt, ...)
  io.stderr:write(string.format(fmt, ...) .. '\n')
end

-- wait_for polls cond until it returns a truthy value or timeout_ms passes; it returns that value
-- or raises an error naming what did not happen.
local function wait_for(what, timeout_ms, cond)
  local value
  local ok = vim.wait(timeout_ms, function()
    value = cond()
    return value and true or false
  end, 50)
  if not ok then
    error(string.format('%s: not within %d s', what, timeout_ms / 1000), 0)
  end
  return value
end

-- request sends one LSP request and waits for its answer.
local function request(client, method, params, timeout_ms, bufnr)
  local done, err, result = false, nil, nil
  client.request(method, params, function(e, r)
    done, err, result = true, e, r
  end, bufnr)
  wait_for(method .. ' answered', timeout_ms, function()
    return done
  end)
  if err then
    error(method .. ': ' .. vim.inspect(err), 0)
  end
  return result
end

local function contains(s, part)
  return type(s) == 'string' and s:find(part, 1, true) ~= nil
end

-- hangul reports whether s holds a Hangul syllable (U+AC00..U+D7A3, UTF-8 EA B0 80 .. ED 9E A3).
local function hangul(s)
  return type(s) == 'string' and s:find('[\234-\237][\128-\191][\128-\191]') ~= nil
end

local function check(ok, fmt, ...)
  if not ok then
    error(string.format(fmt, ...), 0)
  end
  say('ok: ' .. fmt, ...)
end

local function run()
  vim.cmd('filetype on')
  local config, lab, tag = env('DOCKERLAB_NVIM_CONFIG'), env('DOCKERLAB_NVIM_LAB'), env('DOCKERLAB_NVIM_TAG')

  for path in env('DOCKERLAB_NVIM_BLOCKS'):gmatch('[^:]+') do
    local _, err = loadfile(path)
    check(err == nil, 'the guide\'s Lua block %s compiles%s', vim.fn.fnamemodify(path, ':h:t') .. '/' .. vim.fn.fnamemodify(path, ':t'),
      err and (': ' .. err) or '')
  end

  dofile(config)
  local dockerlab = _G.dockerlab
  check(type(dockerlab) == 'table' and dockerlab.init_options.trusted == true, 'the documented configuration loads and sends trusted = true')

  vim.cmd('edit ' .. vim.fn.fnameescape(lab .. '/Dockerfile'))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  check(vim.bo[buf].filetype == 'dockerfile', 'the lab Dockerfile has filetype dockerfile')
  local client = wait_for('the dockerlab server attached (on_attach)', 30000, function()
    return dockerlab.client
  end)
  check(client.name == 'dockerlab' and vim.lsp.buf_is_attached(buf, client.id), 'the server "dockerlab" is attached to the Dockerfile')

  -- A Korean hover on FROM.
  local hover = request(client, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 0, character = 1 } }, 20000, buf)
  local text = hover and hover.contents and (hover.contents.value or hover.contents) or ''
  check(contains(text, 'FROM') and contains(text, '빌드 단계') and hangul(text), 'hover on FROM is Korean: %q',
    (text:gsub('\n.*', '')))

  -- Completion at the start of a new, empty line.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local original = vim.deepcopy(lines)
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '' })
  local last = #lines -- 0-based index of the new line
  local completion = request(client, 'textDocument/completion',
    { textDocument = { uri = uri }, position = { line = last, character = 0 } }, 20000, buf)
  local items = completion and (completion.items or completion) or {}
  local workdir
  for _, item in ipairs(items) do
    if item.label == 'WORKDIR' then
      workdir = item
    end
  end
  check(workdir ~= nil, 'completion at the start of an empty line offers WORKDIR (%d items)', #items)
  local about = (workdir.detail or '') .. ' ' .. vim.inspect(workdir.documentation or '')
  check(hangul(about), 'the WORKDIR item is described in Korean: %q', (workdir.detail or ''))

  -- A diagnostic: MAINTAINER is deprecated.
  vim.api.nvim_buf_set_lines(buf, last, last + 1, false, { 'MAINTAINER Kim <kim@example.com>' })
  local diag = wait_for('a diagnostic on the MAINTAINER line', 20000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.lnum == last and d.code == 'MaintainerDeprecated' and contains(d.message, 'MAINTAINER') and contains(d.message, '사용 중단(deprecated)되었습니다') then
        return d
      end
    end
  end)
  check(diag.source == 'dockerlab', 'diagnostic %s on line %d: %s', diag.code, last + 1, diag.message)

  -- Undo the edits and save: the lab steps build what is on disk.
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, original)
  wait_for('the diagnostic gone after undoing the edit', 20000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if contains(d.message, 'MAINTAINER') then
        return false
      end
    end
    return true
  end)
  vim.cmd('silent write')
  say('ok: the diagnostic is gone once the line is removed; the Dockerfile is saved unchanged')

  -- The code lenses, which need trusted = true and an engine that answers.
  local lens = wait_for('a code lens running dockerlab.buildAndRun', 30000, function()
    vim.lsp.codelens.refresh()
    for _, l in ipairs(vim.lsp.codelens.get(buf)) do
      if l.command and l.command.command == 'dockerlab.buildAndRun' then
        return l
      end
    end
  end)
  check(contains(lens.command.title, '빌드 후 실행') and lens.range.start.line == 0,
    'code lens %q above FROM, with arguments %s', lens.command.title,
    vim.inspect(lens.command.arguments, { newline = ' ', indent = '' }))

  for _, name in ipairs({ 'DockerlabBuildAndRun', 'DockerlabBuild', 'DockerlabRun', 'DockerlabStopAndRemove', 'DockerlabImages', 'DockerlabPs' }) do
    check(vim.fn.exists(':' .. name) == 2, ':%s exists in the Dockerfile buffer', name)
  end

  -- A build through workspace/executeCommand, as :DockerlabBuild sends it.
  local done, err, result = false, nil, nil
  local started = vim.loop.now()
  dockerlab.execute(client, 'dockerlab.build', buf, function(e, r)
    done, err, result = true, e, r
  end)
  wait_for('dockerlab.build answered', 300000, function()
    return done
  end)
  check(err == nil, 'dockerlab.build succeeded%s', err and (': ' .. vim.inspect(err)) or '')
  check(result.image == tag and type(result.imageId) == 'string' and result.imageId ~= '',
    'dockerlab.build made image %s (%s) in %.1f s', tostring(result.image), tostring(result.imageId), (vim.loop.now() - started) / 1000)
  check(hangul(result.message), 'dockerlab.build says: %s', result.message)
  local out = vim.fn.bufnr('dockerlab://output')
  local output = out > 0 and table.concat(vim.api.nvim_buf_get_lines(out, 0, -1, false), '\n') or ''
  check(contains(output, 'docker build') and contains(output, tag), 'dockerlab://output holds the build output (%d lines)',
    out > 0 and vim.api.nvim_buf_line_count(out) or 0)

  -- :DockerlabImages lists the image, through the documented result handler.
  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(notified, { msg = msg, level = level })
  end
  vim.cmd('DockerlabImages')
  local listed = wait_for(':DockerlabImages answered', 30000, function()
    return notified[1]
  end)
  vim.notify = notify
  check(listed.level ~= vim.log.levels.ERROR and contains(listed.msg, tag .. ':latest'),
    ':DockerlabImages lists %s:latest (%s)', tag, (listed.msg:gsub('\n.*', '')))
end

local ok, err = pcall(run)
if ok then
  say('nvim: every check passed')
  vim.cmd('qall!')
else
  say('FAIL: %s', tostring(err))
  vim.cmd('cquit 1')
end
