pub mod feed;
pub mod governance;
