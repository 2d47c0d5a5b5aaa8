public enum WeChatSimulatorModule {}
