package abi

// Sizes of the structures that cross guest memory, little-endian, with the
// field offsets the specification's C layout gives them.
const (
	// iovec / ciovec: buf u32 @0, buf_len u32 @4.
	IovecSize = 8
	// fdstat: fs_filetype u8 @0, fs_flags u16 @2, fs_rights_base u64 @8,
	// fs_rights_inheriting u64 @16.
	FdstatSize = 24
	// filestat: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24,
	// size u64 @32, atim u64 @40, mtim u64 @48, ctim u64 @56.
	FilestatSize = 64
	// prestat: tag u8 @0, dir.pr_name_len u32 @4.
	PrestatSize = 8
	// dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20;
	// the name follows the header.
	DirentSize = 24
	// subscription: userdata u64 @0, tag u8 @8, then the union at @16:
	// clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40;
	// fd_readwrite: fd u32 @16.
	SubscriptionSize = 48
	// event: userdata u64 @0, error u16 @8, type u8 @10,
	// fd_readwrite.nbytes u64 @16, fd_readwrite.flags u16 @24.
	EventSize = 32
)
