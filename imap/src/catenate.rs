//! CATENATE (RFC 4469): a message made of literal text and parts of the user's own messages.

use tokio::io::{AsyncRead, AsyncWrite};

use crate::append::Part;
use crate::error::ImapError;
use crate::session::Session;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// The message CATENATE's parts make.
    pub(crate) async fn catenate(
        &mut self,
        _account: storage::AccountId,
        _parts: Vec<Part>,
    ) -> Result<Vec<u8>, ImapError> {
        Err(ImapError::bad("CATENATE is not offered"))
    }
}
