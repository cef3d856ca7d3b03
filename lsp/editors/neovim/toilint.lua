-- toilint for Neovim 0.7+ (built-in LSP client, no plugins needed).
--
-- In init.lua:
--   package.path = package.path .. ";/path/to/toilint/lsp/editors/neovim/?.lua"
--   require("toilint").setup({ settings = { unsafeFixes = false } })
--
-- With nvim-lspconfig (0.8+) you may instead register {"toilint", "server"} as a custom
-- server; this file only needs what Debian's Neovim 0.7 already has.
local M = {}

local function root_dir(path)
  local markers = { "toilint.toml", ".toilint.toml", "pyproject.toml", ".git" }
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(path, ":p:h")
end

--- opts.cmd: how to start the server (default {"toilint", "server"})
--- opts.settings: toilint's editor settings (select, ignore, run, unsafeFixes, toiPath, ...)
function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { "toilint", "server" }
  local settings = opts.settings or {}
  local clients = {}

  vim.cmd([[autocmd BufRead,BufNewFile *.toi setfiletype toi]])
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "toi",
    callback = function(args)
      local root = root_dir(vim.api.nvim_buf_get_name(args.buf))
      local id = clients[root]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client({
          name = "toilint",
          cmd = cmd,
          root_dir = root,
          settings = { toilint = settings },
          init_options = { settings = settings },
        })
        clients[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
        -- completion with <C-x><C-o>; rename, hover and the rest are Neovim's vim.lsp.buf.*
        vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
      end
    end,
  })
end

return M
