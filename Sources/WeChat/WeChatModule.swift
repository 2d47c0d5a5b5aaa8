public enum WeChatModule {}
