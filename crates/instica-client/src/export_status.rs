//! Where an export job is: its own module because both the export endpoints and the error
//! type (a job that failed or outlasted the wait) name it.

use client_core::open_enum;

open_enum! {
    /// Where an export job is.
    pub enum ExportStatus {
        /// Waiting to start.
        Pending => "pending",
        /// Running.
        Processing => "processing",
        /// Done; the file is ready.
        Completed => "completed",
        /// Ended without a file.
        Failed => "failed",
    }
}
