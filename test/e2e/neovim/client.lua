-- Neovim (0.7+) as a second LSP client for the KeyLens language server, run headless:
--   nvim --headless --clean -c 'luafile client.lua' policy.json
-- Environment: KEYLENS_NVIM_CMD (JSON array: the server command), KEYLENS_NVIM_OUT (where the JSON
-- result goes), KEYLENS_NVIM_RULE (the rule id whose quick fix to apply), KEYLENS_NVIM_MODE
-- (`quickfix`: apply that quick fix, then "fix all"; `fixall`: only "fix all"), KEYLENS_NVIM_TIMEOUT (ms).
-- It records what a user would see: the diagnostics, the code actions offered, the text after the
-- quick fix and after "fix all". The test asserts on that JSON; this script only stops early on
-- protocol errors or time-outs (then `cquit 1`, with the reason in the JSON's `error`).

local out_path = os.getenv('KEYLENS_NVIM_OUT')
if not out_path then
  io.stderr:write('KEYLENS_NVIM_OUT is not set\n')
  vim.cmd('cquit 2')
end
local rule = os.getenv('KEYLENS_NVIM_RULE')
local mode = os.getenv('KEYLENS_NVIM_MODE') or 'quickfix'
local timeout = tonumber(os.getenv('KEYLENS_NVIM_TIMEOUT') or '10000')

local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
local result = { filetype = vim.bo[buf].filetype, log = {} }

local function finish(error_message)
  result.error = error_message
  local file = assert(io.open(out_path, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  if error_message then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

local function fail(message) error({ keylens = message }) end

local function buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
end

local function has_rule(diagnostics, id)
  for _, diagnostic in ipairs(diagnostics or {}) do
    if diagnostic.code == id then return true end
  end
  return false
end

-- Whether any diagnostic is at `severity` or worse (1 error, 2 warning).
local function has_severity(diagnostics, severity)
  for _, diagnostic in ipairs(diagnostics or {}) do
    if (diagnostic.severity or 1) <= severity then return true end
  end
  return false
end

local function titles(actions)
  local list = {}
  for _, action in ipairs(actions or {}) do
    table.insert(list, { title = action.title, kind = action.kind, isPreferred = action.isPreferred })
  end
  return list
end

local function main()
  local cmd = vim.fn.json_decode(os.getenv('KEYLENS_NVIM_CMD') or 'null')
  if type(cmd) ~= 'table' then fail('KEYLENS_NVIM_CMD is not a JSON array') end

  -- Latest diagnostics the server published for this buffer, as sent (LSP shape, with code/data).
  local published = nil
  local publish_count = 0
  local exited = false

  local client_id = vim.lsp.start_client({
    name = 'keylens',
    cmd = cmd,
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        if params and params.uri == uri then
          published = params.diagnostics
          publish_count = publish_count + 1
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exited = true
      table.insert(result.log, string.format('server exited: code %s signal %s', code, signal))
    end,
  })
  if not client_id then fail('could not start the language server: ' .. vim.inspect(cmd)) end
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  local started = vim.loop.hrtime()
  vim.wait(timeout, function() return exited or (published ~= nil and #published > 0) end, 10)
  if exited then fail('the language server exited before publishing diagnostics') end
  if not published or #published == 0 then fail('no diagnostics within ' .. timeout .. ' ms') end
  result.diagnostics_ms = (vim.loop.hrtime() - started) / 1e6
  result.diagnostics = published
  result.shown = vim.diagnostic.get(buf) -- what the user sees (signs, virtual text)

  local function request(method, params)
    local response, err = client.request_sync(method, params, timeout, buf)
    if not response then fail(method .. ' failed: ' .. tostring(err)) end
    if response.err then fail(method .. ' returned an error: ' .. vim.inspect(response.err)) end
    return response.result
  end

  -- As vim.lsp.buf.code_action does: resolve when there is no edit, apply the edit, run the command.
  local function apply(action)
    if not action.edit and not action.command then
      local ok, resolved = pcall(request, 'codeAction/resolve', action)
      if ok and resolved then action = resolved end
    end
    if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16') end
    if type(action.command) == 'table' then
      request('workspace/executeCommand', { command = action.command.command, arguments = action.command.arguments })
    end
  end

  local count
  if mode == 'quickfix' then
    local target = published[1]
    for _, diagnostic in ipairs(published) do
      if rule and diagnostic.code == rule then
        target = diagnostic
        break
      end
    end
    local actions = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = target.range,
      context = { diagnostics = { target }, only = { 'quickfix' } },
    }) or {}
    result.actions = titles(actions)
    local fix = nil
    for _, action in ipairs(actions) do
      if action.kind == 'quickfix' then
        fix = action
        break
      end
    end
    if not fix then fail('no quick fix offered for ' .. tostring(target.code)) end
    result.applied = fix.title
    count = publish_count
    apply(fix)
    result.text_after_fix = buffer_text()
    -- The edit reaches the server as didChange; wait for the diagnostics that follow it.
    vim.wait(timeout, function() return publish_count > count and not has_rule(published, target.code) end, 10)
    result.diagnostics_after_fix = published
  end

  local fix_all = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
    context = { diagnostics = published, only = { 'source.fixAll.keylens' } },
  }) or {}
  result.fix_all_actions = titles(fix_all)
  if fix_all[1] then
    count = publish_count
    apply(fix_all[1])
    result.text_after_fix_all = buffer_text()
    -- A publish may still be in flight for the old text (didChange is debounced), so wait for
    -- the one without warnings or errors; on a time-out the test sees what is left.
    vim.wait(timeout, function() return publish_count > count and not has_severity(published, 2) end, 10)
    result.diagnostics_after_fix_all = published
  end
end

local ok, problem = xpcall(main, function(err)
  if type(err) == 'table' and err.keylens then return err.keylens end
  return debug.traceback(tostring(err), 2)
end)
finish((not ok) and problem or nil)
