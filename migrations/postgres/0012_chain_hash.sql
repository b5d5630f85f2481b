-- Crypto agility (issue 9): which hash links petition_events is recorded in meta as chain_hash
-- ('sha256' or 'sm3'; src/server/chain-hash.ts). A database that already has events was chained
-- with SHA-256, so that is recorded here. A new, empty database gets its row on first use, from
-- CRYPTO_SUITE ('sm' gives SM3). The row is never changed afterwards.
INSERT INTO meta (key, value)
SELECT 'chain_hash', 'sha256' WHERE EXISTS (SELECT 1 FROM petition_events)
ON CONFLICT (key) DO NOTHING;
