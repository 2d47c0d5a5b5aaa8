import WXOpenCore
import WeChatSimulator
print("wxopen")
